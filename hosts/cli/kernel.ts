/** The CLI commands' one way to open a kernel for the length of a command and close it whatever happens. */
import { openKernel, type Kernel, type OpenOptions } from '../../kernel/index.js';

export async function withKernel<T>(run: (kernel: Kernel) => Promise<T>, options: OpenOptions = {}): Promise<T> {
  const kernel = await openKernel(options);
  try {
    return await run(kernel);
  } finally {
    kernel.close();
  }
}
