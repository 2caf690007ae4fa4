/**
 * The rule a new Studio's name must follow, checked here before the Platform
 * is asked (GET /studios/validate, POST /studios). The API spec (v1.187,
 * DataStudioCreateRequest.name) requires 1 to 80 characters; the characters
 * are those the Platform accepts as the emulator models it: letters, digits,
 * spaces, '.', '-' and '_', starting with a letter or digit. No vscode import.
 */
export const STUDIO_NAME_MAX = 80;

const ALLOWED = /^[A-Za-z0-9 _.-]*$/;
const FIRST = /^[A-Za-z0-9]/;

export type StudioNameProblem =
  | { kind: 'empty' }
  | { kind: 'tooLong'; length: number }
  | { kind: 'start'; char: string }
  | { kind: 'characters'; chars: string[] };

/** What is wrong with a (trimmed) name, or undefined when it follows the rule. */
export function studioNameProblem(name: string): StudioNameProblem | undefined {
  if (name.length === 0) return { kind: 'empty' };
  const length = [...name].length;
  if (length > STUDIO_NAME_MAX) return { kind: 'tooLong', length };
  if (!ALLOWED.test(name)) {
    const chars = [...new Set([...name].filter((c) => !ALLOWED.test(c)))];
    return { kind: 'characters', chars };
  }
  if (!FIRST.test(name)) return { kind: 'start', char: name[0] };
  return undefined;
}

/** A character as a person reads it in a message: `"/"`, and escapes such as `"\t"` for invisible ones. */
export function showChar(c: string): string {
  return JSON.stringify(c);
}
