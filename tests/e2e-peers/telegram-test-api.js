// Starts the telegram-test-api emulator on 127.0.0.1 and prints one line, "listening <port>", once it
// accepts connections. The .NET end-to-end tests start this as a child process and stop it with SIGTERM.
// Usage: node telegram-test-api.js [port]   (0 or none: a free port chosen here)
const net = require('net');
const TelegramServer = require('telegram-test-api');

async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

(async () => {
  const requested = Number(process.argv[2] || 0);
  const port = requested > 0 ? requested : await freePort();
  const server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 600 });
  await server.start();
  process.stdout.write(`listening ${port}\n`);
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
})().catch((error) => {
  process.stderr.write(`telegram-test-api failed to start: ${error.stack || error}\n`);
  process.exit(1);
});
