// The small service the compose agent guards: answers every request with what it saw,
// including the decision headers the agent's proxy adds. Reachable only through the agent.
import { createServer } from 'node:http';

const { HOST = '0.0.0.0', PORT = '3000' } = process.env;

createServer((req, res) => {
  const body = JSON.stringify({ service: 'demo', method: req.method, url: req.url, decision_id: req.headers['x-vigil-decision-id'] ?? null, revision: req.headers['x-vigil-revision'] ?? null });
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(body);
}).listen(Number(PORT), HOST, () => console.log(`demo service on ${HOST}:${PORT}`));
