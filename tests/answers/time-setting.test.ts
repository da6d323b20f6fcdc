/**
 * The kernel honours the ui.timeFormat and ui.locale settings: changing them changes the times in
 * the next answer, in the CLI's rendering and in the spoken reply, with no restart.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { setTimePreferences, spokenReply } from '../../kernel/sdk/index.js';
import { plainText, renderResponse } from '../../hosts/cli/io.js';
import { ask, openTestKernel } from '../skills/helpers.js';

const kernel = openTestKernel();
afterAll(() => kernel.close());
afterEach(() => setTimePreferences({}));

describe('ui.timeFormat and ui.locale', () => {
  it('change the next answer, its CLI rendering and its spoken reply', async () => {
    kernel.settings.set('ui.timeFormat', '12h');
    kernel.settings.set('ui.locale', 'en-US');
    const twelve = await ask(kernel, 'remind me to call mum tomorrow at 6pm');
    expect(twelve.text).toContain('tomorrow at 6:00 PM');
    expect(spokenReply(twelve)).toContain('tomorrow at 6:00 PM');
    kernel.settings.set('ui.timeFormat', '24h');
    const list = await ask(kernel, 'list my reminders');
    expect(plainText(renderResponse(list))).toContain('tomorrow at 18:00');
    kernel.settings.set('ui.timeFormat', 'auto');
    kernel.settings.set('ui.locale', 'en-GB');
    expect(plainText(renderResponse(await ask(kernel, 'list my reminders')))).toContain('tomorrow at 18:00');
    kernel.settings.set('ui.locale', 'en-US');
    expect(plainText(renderResponse(await ask(kernel, 'list my reminders')))).toContain('tomorrow at 6:00 PM');
  });
});
