"use client";
import Link from "next/link";
import { useTestConnection } from "@/hooks/use-connections";
import { ErrorAlert, Notice } from "../ui/alert";
import { Button } from "../ui/button";

/** Sends one request through the gateway (the API issues a short-lived key) and shows what came back. */
export function TestConnection({ connectionId }: { connectionId: string }) {
  const test = useTestConnection();
  const result = test.data;
  return (
    <div className="space-y-2">
      <Button onClick={() => test.mutate(connectionId)} busy={test.isPending}>
        Test connection
      </Button>
      <ErrorAlert error={test.error} title="Test failed" />
      {result ? (
        <Notice tone={result.ok ? "success" : "warning"}>
          <span className="font-medium">{result.ok ? "Connection works" : "Connection test failed"}</span>
          {": "}
          {result.message} ({result.latencyMs} ms)
          {result.sessionId ? (
            <>
              {" · "}
              <Link className="underline" href={`/sessions/${result.sessionId}`}>
                view session
              </Link>
            </>
          ) : null}
        </Notice>
      ) : null}
    </div>
  );
}
