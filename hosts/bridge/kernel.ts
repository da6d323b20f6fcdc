/** Bridge handlers for the kernel loop itself: run a request. */
import { ValidationError } from '../../kernel/contracts/index.js';
import { BridgeError, type Handlers } from './types.js';

export const handlers: Handlers<'kernel.handle'> = {
  async 'kernel.handle'(input, { kernel }) {
    try {
      return await kernel.handle(input);
    } catch (error) {
      if (error instanceof ValidationError) throw new BridgeError('bad_input', error.message);
      throw error;
    }
  },
};
