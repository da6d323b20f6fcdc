import { describe, expect, it } from 'vitest';
import { hasPackage, importOptional, OptionalPackageError } from './optional.js';

describe('optional packages', () => {
  it('finds installed packages and not missing ones', () => {
    expect(hasPackage('zod')).toBe(true);
    expect(hasPackage('@huggingface/transformers')).toBe(true);
    expect(hasPackage('no-such-package-agentos')).toBe(false);
  });

  it('loads an installed package, and names the feature and the install command for a missing one', async () => {
    expect(typeof (await importOptional<{ z: unknown }>('zod', 'validation')).z).toBe('object');
    const missing = importOptional('no-such-package-agentos', 'The test feature');
    await expect(missing).rejects.toBeInstanceOf(OptionalPackageError);
    await expect(missing).rejects.toThrow('The test feature needs the optional package no-such-package-agentos, which is not installed. Add it with: npm install no-such-package-agentos');
  });
});
