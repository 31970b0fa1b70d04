// Does the official JS client (getstream npm package, feed.subscribe) receive realtime messages
// from our emulator? Usage: node faye_js_check.mjs <base_url> <api_key> <api_secret> <app_id>
// Exit 0: received; 1: failed (including when the getstream package cannot be imported).
// Run through `cargo test -p stream-tests --test realtime_node`, which installs the package
// pinned by package-lock.json (`npm ci`), starts the emulator and fails when it cannot.
const [baseUrl, apiKey, apiSecret, appId] = process.argv.slice(2);
if (!baseUrl || !apiKey || !apiSecret || !appId) {
  console.error("usage: node faye_js_check.mjs <base_url> <api_key> <api_secret> <app_id>");
  process.exit(1);
}

let stream;
try {
  stream = await import("getstream");
} catch (e) {
  console.error(`FAIL: the getstream npm package cannot be imported (${e.message}); run npm ci in tests/node`);
  process.exit(1);
}
const connect = stream.connect ?? stream.default?.connect;

const fail = (msg) => {
  console.error(`FAIL: ${msg}`);
  process.exit(1);
};
setTimeout(() => fail("no realtime message within 10 s"), 10_000).unref?.();

const client = connect(apiKey, apiSecret, appId, {
  urlOverride: { api: `${baseUrl}/api/` },
  fayeUrl: `${baseUrl}/faye`,
  timeout: 5000,
});
const feed = client.feed("user", "jsalice");
const received = new Promise((resolve) => {
  const subscription = feed.subscribe((message) => resolve({ message, subscription }));
  subscription.then(
    () => {
      feed
        .addActivity({ actor: "jsalice", verb: "post", object: "post:js", foreign_id: "post:js" })
        .catch((e) => fail(`addActivity: ${e.message}`));
    },
    (e) => fail(`subscribe refused: ${e?.message ?? e}`),
  );
});
const { message, subscription } = await received;
if (!Array.isArray(message.new) || message.new[0]?.foreign_id !== "post:js") {
  fail(`unexpected message ${JSON.stringify(message)}`);
}
if (message.feed !== "user:jsalice") fail(`unexpected feed ${message.feed}`);
console.log(`OK: feed.subscribe received ${JSON.stringify(message.new[0].id)} on ${message.feed}`);
subscription.cancel?.();
client.getFayeClient?.()?.disconnect?.();
process.exit(0);
