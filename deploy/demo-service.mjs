// The small service the compose agent guards: answers every request with what it saw,
// including the decision headers the agent's proxy adds. Reachable only through the agent.
import { createServer } from 'node:http';

createServer((req, res) => {
  const body = JSON.stringify({ service: 'demo', method: req.method, url: req.url, decision_id: req.headers['x-vigil-decision-id'] ?? null, revision: req.headers['x-vigil-revision'] ?? null });
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(body);
}).listen(3000, '0.0.0.0', () => console.log('demo service on :3000'));
