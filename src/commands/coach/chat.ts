// The coach's chat at a terminal: one database connection for the whole conversation. An
// empty line, "exit" or Ctrl+D ends it; Ctrl+C interrupts (exit code 130), as at every prompt.
import {
  askCoach,
  type CoachSession,
  type RemoteSettings,
} from '../../services/coach/conversation.js';
import { coloursFor } from '../../ui/colours.js';
import { joinPrintable, paint } from '../../ui/printable.js';
import type { CommandContext } from '../context.js';

/** Typed at the chat prompt to leave it (an empty line and Ctrl+D too). */
const LEAVE = /^(exit|quit|bye|:q)$/i;

type Keypress = (text: unknown, key: { ctrl?: boolean; name?: string } | undefined) => void;

/** Ctrl+D at the prompt: inquirer ignores it, so it aborts the prompt through this signal. */
function abortOnCtrlD(stdin: NodeJS.ReadableStream, controller: AbortController): () => void {
  const onKeypress: Keypress = (_text, key) => {
    if (key?.ctrl === true && key.name === 'd') controller.abort();
  };
  stdin.on('keypress', onKeypress);
  return () => stdin.off('keypress', onKeypress);
}

/** The next line typed, or undefined when the chat ends (Ctrl+D). */
async function nextLine(context: CommandContext): Promise<string | undefined> {
  const { input } = await import('@inquirer/prompts');
  const { io } = context;
  const controller = new AbortController();
  const stopListening = abortOnCtrlD(io.stdin, controller);
  try {
    return await input(
      { message: 'you' },
      { input: io.stdin, output: io.stdout.stream, signal: controller.signal },
    );
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortPromptError') return undefined;
    throw error;
  } finally {
    stopListening();
  }
}

export async function chat(
  session: CoachSession,
  remote: RemoteSettings | undefined,
  json: boolean,
  context: CommandContext,
): Promise<void> {
  const { out } = context;
  const colours = coloursFor(context.io.stdout);
  out.printNote(
    `Ask me what to do next, about follow-ups, stalled applications, an interview or skill gaps` +
      ` (${remote ? `model ${remote.model}` : 'offline'}). An empty line, "exit" or Ctrl+D ends the chat.`,
  );
  for (;;) {
    const text = await nextLine(context);
    if (text === undefined || text.trim() === '' || LEAVE.test(text.trim())) break;
    const answer = await askCoach(session, text, { remote, now: context.clock.now() });
    if (answer.warning !== undefined) out.printWarning(answer.warning);
    if (json) out.printJson(answer);
    else {
      // The reply is lines of its own (line breaks kept); data in it is escaped by printLine.
      out.printLine(joinPrintable([paint(colours.bold, 'coach'), answer.reply], ' '));
      out.printLine();
    }
  }
}
