// The grammY peer of `votes` (benchmarks/Humas.Bot.Benchmarks): a bot behind grammY's own webhook adapter that
// counts reaction presses in memory and answers each with answerCallbackQuery against a Bot API server.
//
//   node votes.js --api http://127.0.0.1:PORT --token 123:ABC
//
// Prints one JSON line {"port":N} once it listens on 127.0.0.1 (POST /webhook takes updates; GET /count answers
// {"total":N}), and runs until stdin closes. Nothing is persisted: this is the peer's best case.
"use strict";
const http = require("http");
const { Bot, webhookCallback } = require("grammy");

function parse(argv) {
  const o = {};
  for (let i = 2; i < argv.length; i++) o[argv[i].replace(/^--/, "")] = argv[++i];
  if (!o.api || !o.token) {
    console.error("usage: node votes.js --api URL --token TOKEN");
    process.exit(2);
  }
  return o;
}

async function main() {
  const o = parse(process.argv);
  const bot = new Bot(o.token, { client: { apiRoot: o.api } });
  const counts = new Map();
  let total = 0;
  bot.on("callback_query:data", async (ctx) => {
    const key = ctx.callbackQuery.data;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    total++;
    await ctx.answerCallbackQuery({ text: "Terima kasih" });
  });
  await bot.init();
  const handle = webhookCallback(bot, "http");
  const server = http.createServer((req, res) => {
    if (req.method === "GET" && req.url === "/count") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ total }));
      return;
    }
    if (req.method === "POST" && req.url === "/webhook") {
      handle(req, res).catch(() => {
        res.statusCode = 500;
        res.end();
      });
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: server.address().port })));
  process.stdin.on("end", () => process.exit(0));
  process.stdin.resume();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
