import type { Adapter, AdapterPayload } from "oidc-provider";

interface Entry {
  payload: AdapterPayload;
  expiresAt: number;
}

/**
 * In-memory storage for oidc-provider, following its documented adapter interface. Hand-written
 * because the library's own memory adapter is not a public export, and the issuer needs to add
 * clients after start-up (a console learns its port, hence its redirect URI, only once it listens).
 */
export class MemoryStore {
  readonly #entries = new Map<string, Entry>();

  #get(key: string): AdapterPayload | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  #set(key: string, payload: AdapterPayload, expiresIn: number | undefined): void {
    this.#entries.set(key, { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Infinity });
  }

  adapterFor = (model: string): Adapter => {
    const key = (id: string) => `${model}:${id}`;
    const find = async (id: string) => this.#get(key(id));
    return {
      find,
      upsert: async (id, payload, expiresIn) => {
        this.#set(key(id), payload, expiresIn);
        if (payload.uid) this.#set(`uid:${model}:${payload.uid}`, { jti: id } as AdapterPayload, expiresIn);
        if (payload.userCode) this.#set(`userCode:${model}:${payload.userCode}`, { jti: id } as AdapterPayload, expiresIn);
      },
      findByUid: async (uid) => {
        const id = this.#get(`uid:${model}:${uid}`)?.jti;
        return id ? find(id) : undefined;
      },
      findByUserCode: async (userCode) => {
        const id = this.#get(`userCode:${model}:${userCode}`)?.jti;
        return id ? find(id) : undefined;
      },
      consume: async (id) => {
        const payload = this.#get(key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      destroy: async (id) => {
        this.#entries.delete(key(id));
      },
      revokeByGrantId: async (grantId) => {
        for (const [entryKey, entry] of this.#entries) {
          if (entry.payload.grantId === grantId) this.#entries.delete(entryKey);
        }
      },
    };
  };
}
