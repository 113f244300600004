// Driving a prompt on @inquirer/testing's shared screen. Test files import '@inquirer/testing/vitest' first
// themselves (it registers the prompt mocks before the wizard's modules load); this module only uses its screen.
import { screen } from '@inquirer/testing/vitest';
import { expect } from 'vitest';

/** Waits until the current prompt shows `text` (prompt transitions and async validation included). */
export async function waitFor(text: string): Promise<void> {
  for (let i = 0; i < 200 && !screen.getScreen().includes(text); i++) await screen.next();
  expect(screen.getScreen()).toContain(text);
}

/** Waits for `prompt`, types `typed` (nothing: the default) and presses enter. */
export async function answer(prompt: string, typed = ''): Promise<void> {
  await waitFor(prompt);
  if (typed) screen.type(typed);
  screen.keypress('enter');
}
