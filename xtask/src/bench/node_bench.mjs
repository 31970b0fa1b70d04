// Drives the official Node client (npm `getstream`) against the bench server.
// usage: node node_bench.mjs <base_url> <reads|adds> <concurrency> <requests>
// Prints one line: {"requests":N,"wall_ms":..,"cpu_ms":..} (cpu = process.cpuUsage user+system).
import stream from 'getstream';

const [base, op, concStr, nStr] = process.argv.slice(2);
const concurrency = Number(concStr);
const n = Number(nStr);
const client = stream.connect('key123', 'bench-secret-0123456789abcdef', null, {
  urlOverride: { api: `${base}/api/` },
  timeout: 10000,
});
const feed = client.feed('user', 'alice');
const one = op === 'reads'
  ? async () => {
      const page = await feed.get({ limit: 25 });
      if (page.results.length !== 25) throw new Error('short page');
    }
  : async () => {
      await feed.addActivity({ actor: 'user:alice', verb: 'post', object: 'post:1',
        foreign_id: 'post:1', time: '2024-01-02T03:04:05.678900', message: 'hello' });
    };

async function run(total) {
  let next = 0;
  const worker = async () => { while (next++ < total) await one(); };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

await run(Math.min(200, n)); // warm-up (JIT, connections)
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
await run(n);
const wall = Number(process.hrtime.bigint() - t0) / 1e6;
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ requests: n, wall_ms: wall, cpu_ms: (cpu.user + cpu.system) / 1000 }));
