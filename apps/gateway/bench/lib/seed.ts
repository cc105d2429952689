// What the bench gateway serves, written with Prisma the way the console writes it: one service
// account with one key, granted two OpenAI connections to the bench upstream — one with the
// default masking rules (e-mail, payment card, secret key; both directions), one with no rules.
import { randomBytes } from "node:crypto";
import { apiKeyColumns, createDb, credentialHint, encryptSecret, generateApiKey } from "@airlock/db";

export const MASKED_CONNECTION = "bench-masked";
export const PLAIN_CONNECTION = "bench-plain";
export const MASKING_DETECTORS = ["email", "payment_card", "secret_key"] as const;

export interface BenchSeed {
  masterKey: Buffer;
  apiKey: string;
  connectionIds: Record<typeof MASKED_CONNECTION | typeof PLAIN_CONNECTION, string>;
}

export async function seedBench(databaseUrl: string, upstreamUrl: string): Promise<BenchSeed> {
  const db = createDb(databaseUrl, { max: 2 });
  try {
    const masterKey = randomBytes(32);
    const credential = `sk-bench-${randomBytes(16).toString("hex")}`;
    const connection = (name: string) =>
      db.connection.create({
        data: {
          name,
          kind: "openai",
          upstreamUrl,
          credentialCiphertext: encryptSecret(masterKey, credential),
          credentialHint: credentialHint(credential),
          // The bench upstream listens on loopback, which is refused unless allowed per connection.
          allowPrivateNetwork: true,
        },
      });
    const masked = await connection(MASKED_CONNECTION);
    const plain = await connection(PLAIN_CONNECTION);
    for (const detector of MASKING_DETECTORS) {
      await db.maskingRule.create({
        data: { name: `bench ${detector}`, detector, directions: ["request", "response"], style: "label", connectionId: masked.id },
      });
    }
    const account = await db.serviceAccount.create({ data: { name: "bench-agent" } });
    for (const c of [masked, plain]) await db.connectionGrant.create({ data: { connectionId: c.id, serviceAccountId: account.id } });
    const apiKey = generateApiKey();
    await db.apiKey.create({ data: { name: "bench key", ...apiKeyColumns(apiKey), serviceAccountId: account.id } });
    return { masterKey, apiKey, connectionIds: { [MASKED_CONNECTION]: masked.id, [PLAIN_CONNECTION]: plain.id } };
  } finally {
    await db.$disconnect();
  }
}

export interface RecordedCounts {
  requests: number;
  ends: number;
}

/** exchange.request and exchange.end events stored for one connection's sessions. */
export async function countRecorded(databaseUrl: string, connectionId: string): Promise<RecordedCounts> {
  const db = createDb(databaseUrl, { max: 1 });
  try {
    const where = (type: string) => ({ type, session: { connectionId } });
    const [requests, ends] = await Promise.all([db.sessionEvent.count({ where: where("exchange.request") }), db.sessionEvent.count({ where: where("exchange.end") })]);
    return { requests, ends };
  } finally {
    await db.$disconnect();
  }
}
