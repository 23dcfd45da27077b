import { describe, expect, it } from "vitest";
import { validateConfigurationId } from "./configuration-id";

describe("validateConfigurationId", () => {
  it.each(["prod-base", "layer-historian-v2", "a", "x".repeat(128), "with.dots_and-dashes:1", "__proto__"])("accepts %s", (id) => {
    expect(validateConfigurationId(id)).toBeNull();
  });

  it.each([
    ["", "empty"],
    ["x".repeat(129), "128"],
    ["Prod-Base", "lower-case"],
    ["prod base", "spaces"],
    ["prod\tbase", "spaces"],
    ...["&", "^", "[", "]", "{", "}", "\\", "|", '"', "<", ">", "/"].map((c) => [`prod${c}base`, `'${c}'`]),
  ])("rejects %j (message mentions %s)", (id, mention) => {
    expect(validateConfigurationId(id)).toContain(mention);
  });
});
