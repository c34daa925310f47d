// The grammY peer of `delivery-throughput` and `delivery-fidelity` (benchmarks/Humas.Bot.Benchmarks).
// Sends one message to chat ids first..first+count-1 against a Bot API server and prints one JSON line.
//
//   node broadcast.js --api http://127.0.0.1:PORT --token 123:ABC --first 700000000 --count 20000 \
//        --mode raw|throttled [--concurrency 64] [--warmup N --warmup-first ID]
//
// raw:       a plain send loop, `concurrency` sends in flight, no plugin (what a bot does without limits).
// throttled: @grammyjs/transformer-throttler (its defaults: 30/s global, 1/s per private chat, 20/min per
//            group) plus @grammyjs/auto-retry (honours retry_after), every send queued at once, as the
//            throttler's README shows; the throttler decides the pace.
// --warmup: raw mode sends N messages to chats warmup-first.. twice first, untimed, as the service's benchmark warms up
// its engine; "measuredFromUnixMs" in the output says where the timed loop began.
// Nothing is persisted: this is the peer's best case.
"use strict";
const { Bot } = require("grammy");
const { apiThrottler } = require("@grammyjs/transformer-throttler");
const { autoRetry } = require("@grammyjs/auto-retry");

function parse(argv) {
  const o = { concurrency: 64, mode: "raw", warmup: 0 };
  for (let i = 2; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, "");
    o[key] = argv[++i];
  }
  for (const k of ["first", "count", "concurrency", "warmup", "warmup-first"]) o[k] = Number(o[k]);
  if (!o.api || !o.token || !Number.isFinite(o.first) || !(o.count > 0)) {
    console.error("usage: node broadcast.js --api URL --token TOKEN --first ID --count N --mode raw|throttled [--concurrency 64]");
    process.exit(2);
  }
  return o;
}

const TEXT =
  "<b>Pemerintah Perkuat Peran Kehumasan di Seluruh Kementerian</b>\n\n" +
  "Rapat koordinasi kehumasan pemerintah membahas penguatan narasi tunggal, percepatan penyebaran " +
  "informasi publik dan kolaborasi antarlembaga agar masyarakat menerima kabar yang akurat dan tepat waktu.\n\n" +
  '<a href="https://kominfo.go.id/berita/benchmark">Baca selengkapnya</a>';

function grammyVersion() {
  const path = require("path");
  const fs = require("fs");
  const file = path.join(__dirname, "node_modules", "grammy", "package.json");
  return JSON.parse(fs.readFileSync(file, "utf8")).version;
}

async function main() {
  const o = parse(process.argv);
  const bot = new Bot(o.token, { client: { apiRoot: o.api } });
  if (o.mode === "throttled") {
    bot.api.config.use(apiThrottler());
    bot.api.config.use(autoRetry());
  } else if (o.mode !== "raw") {
    throw new Error(`unknown mode ${o.mode}`);
  }

  let sent = 0;
  let failed = 0;
  const errors = {};
  const send = async (chatId) => {
    try {
      await bot.api.sendMessage(chatId, TEXT, { parse_mode: "HTML" });
      sent++;
    } catch (e) {
      failed++;
      const key = String(e.error_code ?? e.name ?? "error");
      errors[key] = (errors[key] ?? 0) + 1;
    }
  };

  const loop = async (first, count) => {
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const chatId = first + next++;
        await send(chatId);
      }
    };
    await Promise.all(Array.from({ length: o.concurrency }, worker));
  };

  let warmed = 0;
  if (o.mode === "raw" && o.warmup > 0) {
    // Twice, as the service's benchmark warms up its engine with two articles.
    await loop(o["warmup-first"], o.warmup);
    await loop(o["warmup-first"], o.warmup);
    warmed = sent;
    sent = 0;
    failed = 0;
    for (const k of Object.keys(errors)) delete errors[k];
  }

  const measuredFromUnixMs = Date.now();
  const started = process.hrtime.bigint();
  if (o.mode === "throttled") {
    const all = [];
    for (let i = 0; i < o.count; i++) all.push(send(o.first + i));
    await Promise.all(all);
  } else {
    await loop(o.first, o.count);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(JSON.stringify({
    peer: "grammy",
    grammy: grammyVersion(),
    mode: o.mode,
    concurrency: o.mode === "raw" ? o.concurrency : o.count,
    count: o.count,
    warmup: warmed,
    measuredFromUnixMs,
    sent,
    failed,
    errors,
    seconds,
    messagesPerSecond: sent / seconds,
  }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
