import { describe, expect, it } from "vitest";
import { parseScript } from "./directives";
import { planReply, splitText } from "./reply";

describe("parseScript", () => {
  it("leaves a message without directives as the text to echo", () => {
    expect(parseScript("What is the weather in Paris?")).toMatchObject({ text: "What is the weather in Paris?", tools: [], errors: [] });
  });

  it("reads say, tool, pacing and fault directives and strips them from the text", () => {
    const script = parseScript(
      'Plan a trip [[say:Sure]] [[tool:get_weather {"city": "Paris"}]] [[chunks:20 delay:50]] [[break-stream-after:3]]',
    );
    expect(script.text).toBe("Plan a trip");
    expect(script.say).toBe("Sure");
    expect(script.tools).toEqual([{ name: "get_weather", arguments: '{"city":"Paris"}' }]);
    expect(script).toMatchObject({ chunks: 20, delayMs: 50, breakStreamAfter: 3 });
  });

  it("reads hang and failure directives", () => {
    expect(parseScript("[[hang-headers]]").hangHeaders).toBe(true);
    expect(parseScript("[[hang-body-after:2]]").hangBodyAfter).toBe(2);
    expect(parseScript("[[fail:503 times:2]]").fail).toEqual({ status: 503, times: 2 });
    expect(parseScript("[[fail:500]]").fail).toEqual({ status: 500 });
  });

  it("keeps unknown bracketed text as part of the message", () => {
    expect(parseScript("keep [[not-a-directive]] here").text).toBe("keep [[not-a-directive]] here");
  });

  it("reports malformed arguments instead of guessing", () => {
    expect(parseScript("[[tool:get_weather {city: Paris}]]").errors).toHaveLength(1);
    expect(parseScript("[[chunks:many]]").errors).toHaveLength(1);
  });

  it("collects several tool directives as parallel tool calls", () => {
    const script = parseScript("[[tool:a]] [[tool:b {\"x\":1}]]");
    expect(script.tools.map((t) => t.name)).toEqual(["a", "b"]);
    expect(script.tools[0]?.arguments).toBe("{}");
  });
});

describe("planReply", () => {
  it("echoes the user text by default and answers a tool result with its content", () => {
    expect(planReply({ userText: "hi", promptText: "hi" }, { allowTools: true }).text).toBe("Echo: hi");
    expect(planReply({ userText: "[[tool:x]]", toolResult: "sunny", promptText: "" }, { allowTools: true })).toMatchObject({
      text: "Tool result: sunny",
      toolCalls: [],
    });
  });

  it("replies with tool calls only when tools are scripted and allowed", () => {
    expect(planReply({ userText: "[[tool:x]]", promptText: "" }, { allowTools: true }).text).toBeNull();
    expect(planReply({ userText: "go [[tool:x]]", promptText: "" }, { allowTools: false }).text).toBe("Echo: go");
  });
});

describe("splitText", () => {
  it("splits word by word by default and reassembles exactly", () => {
    const pieces = splitText("Echo: hello  wide world");
    expect(pieces).toEqual(["Echo: ", "hello  ", "wide ", "world"]);
  });

  it("splits into the requested number of pieces without breaking code points", () => {
    const text = "a😀b😀c😀d";
    const pieces = splitText(text, 4);
    expect(pieces).toHaveLength(4);
    expect(pieces.join("")).toBe(text);
    expect(pieces.every((p) => !/[\uD800-\uDBFF]$/.test(p))).toBe(true);
  });

  it("returns fewer pieces when the text is shorter than the count", () => {
    expect(splitText("abc", 10)).toEqual(["a", "b", "c"]);
  });
});
