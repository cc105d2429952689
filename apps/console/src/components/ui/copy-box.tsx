"use client";
import { useRef, useState } from "react";
import { Button } from "./button";
import { controlClass } from "./field";
import { cx } from "./cx";

async function copyText(text: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // The async clipboard needs a secure context; selecting the text still lets people press Ctrl+C.
    input?.select();
    return false;
  }
}

/** A secret shown once: read-only, selectable, with a Copy button. */
export function CopyBox({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState<"idle" | "copied" | "select">("idle");
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="flex gap-2">
      <input
        ref={input}
        readOnly
        aria-label={label}
        value={value}
        onFocus={(e) => e.currentTarget.select()}
        className={cx(controlClass, "font-mono")}
      />
      <Button
        variant="primary"
        onClick={async () => setCopied((await copyText(value, input.current)) ? "copied" : "select")}
      >
        {copied === "copied" ? "Copied" : "Copy"}
      </Button>
      <span role="status" className="sr-only">
        {copied === "copied" ? "Copied to the clipboard" : copied === "select" ? "Selected: press Ctrl+C to copy" : ""}
      </span>
    </div>
  );
}
