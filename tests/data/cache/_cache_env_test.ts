/** The loaders' environment defaults (`lib/data/cache/_cache_env.ts`), read in a child process with its own env. */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const MODULE = new URL("../../../lib/data/cache/_cache_env.ts", import.meta.url).href;

/** Runs the two readers in a child whose BYBIT_* variables are exactly `env` (unset when absent). */
async function readEnvDefaults(env: Record<string, string>): Promise<{ cacheDir: string; offline: boolean }> {
  const script = `const m = await import(${JSON.stringify(MODULE)});
    console.log(JSON.stringify({ cacheDir: m.defaultCacheDir(), offline: m.offlineFromEnv() }));`;
  const base = { ...Deno.env.toObject() };
  delete base.BYBIT_CACHE_DIR;
  delete base.BYBIT_OFFLINE;
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--no-config", script],
    env: { ...base, ...env },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(code, 0, new TextDecoder().decode(stderr));
  return JSON.parse(new TextDecoder().decode(stdout));
}

Deno.test("defaultCacheDir is BYBIT_CACHE_DIR, else the project's data/ folder", async () => {
  const project = fileURLToPath(new URL("../../../data", import.meta.url));
  assert.deepEqual(await readEnvDefaults({}), { cacheDir: project, offline: false });
  assert.equal((await readEnvDefaults({ BYBIT_CACHE_DIR: "/tmp/bybit-cache" })).cacheDir, "/tmp/bybit-cache");
  assert.equal((await readEnvDefaults({ BYBIT_CACHE_DIR: "" })).cacheDir, project); // empty: not set
});

Deno.test("offlineFromEnv: 1, true or yes in any case and with blanks; anything else is online", async () => {
  for (const value of ["1", "true", " YES ", "True"]) {
    assert.equal((await readEnvDefaults({ BYBIT_OFFLINE: value })).offline, true, value);
  }
  for (const value of ["0", "false", "no", "", "on"]) {
    assert.equal((await readEnvDefaults({ BYBIT_OFFLINE: value })).offline, false, value);
  }
});
