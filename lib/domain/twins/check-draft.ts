import { isAppError } from "../errors";
import { indexPath, isJsonObject, joinPath, type JsonObject } from "./json";
import { TWIN_SECTION_MAX_BYTES, assertSectionWithinBudget, twinSectionSize, type TwinSection } from "./size";
import { validateTwinSection } from "./validate-section";

export type DraftProblem = {
  message: string;
  /** Dotted path of the offending member ("" for the whole document). */
  path: string;
  /** Where to put the marker in the text: the member's key (or array element), else the whole text. */
  start: number;
  end: number;
};

export type DraftCheck = {
  /** The parsed section, when the text is JSON and a JSON object. */
  value: JsonObject | null;
  problems: DraftProblem[];
  /** Section size as IoT Hub counts it (reference §2.4), null while the text is not valid JSON. */
  size: number | null;
  limit: number;
};

/**
 * Checks an edited twin section the way the hub will when it is saved (as a replace): JSON syntax,
 * a JSON object, key rules, value sizes, depth and the section budget, and says where in the text
 * the first broken rule is, so the editor can underline the offending key while the operator types.
 */
export function checkTwinDraft(section: TwinSection, text: string): DraftCheck {
  const limit = TWIN_SECTION_MAX_BYTES[section];
  const whole = { start: 0, end: text.length };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { value: null, problems: [{ message: `Not valid JSON: ${(error as Error).message}`, path: "", ...whole }], size: null, limit };
  }
  if (!isJsonObject(value)) {
    return { value: null, problems: [{ message: `${section} must be a JSON object`, path: "", ...whole }], size: null, limit };
  }
  const size = twinSectionSize(value);
  try {
    validateTwinSection(section, value, { isPatch: false, pathPrefix: "" });
    assertSectionWithinBudget(section, value, "");
    return { value, problems: [], size, limit };
  } catch (error) {
    if (!isAppError(error)) throw error;
    const path = typeof error.details?.path === "string" ? error.details.path : "";
    const range = locateJsonPaths(text).get(path) ?? whole;
    return { value, problems: [{ message: error.message, path, ...range }], size, limit };
  }
}

/**
 * Text ranges of every member key (and array element) of a valid JSON text, by the dotted path the
 * twin rules report (`a.b[2].c`). A small scanner rather than a full parser: the text has already
 * passed JSON.parse, so only strings, nesting and commas need care.
 */
export function locateJsonPaths(text: string): Map<string, { start: number; end: number }> {
  const out = new Map<string, { start: number; end: number }>();
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const readString = (): string => {
    const start = i;
    i++; // opening quote
    while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const readValue = (path: string): void => {
    skipSpace();
    const ch = text[i];
    if (ch === "{") {
      i++;
      skipSpace();
      while (text[i] !== "}") {
        const start = i;
        const key = readString();
        const childPath = joinPath(path, key);
        out.set(childPath, { start, end: i });
        skipSpace();
        i++; // colon
        readValue(childPath);
        skipSpace();
        if (text[i] === ",") i++;
        skipSpace();
      }
      i++;
    } else if (ch === "[") {
      i++;
      skipSpace();
      for (let index = 0; text[i] !== "]"; index++) {
        skipSpace();
        const start = i;
        const childPath = indexPath(path, index);
        readValue(childPath);
        out.set(childPath, { start, end: i });
        skipSpace();
        if (text[i] === ",") i++;
        skipSpace();
      }
      i++;
    } else if (ch === '"') {
      readString();
    } else {
      while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
    }
  };
  readValue("");
  return out;
}
