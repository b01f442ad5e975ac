// A real OpenID Provider for Muster's sign-on tests: `oidc-provider` (a
// certified implementation) on 127.0.0.1, on the port given as the first
// argument (0: any free one). It prints one JSON line, {"issuer": ...},
// once it listens, and stops when its standard input closes.
//
// Its clients come from MUSTER_TEST_CLIENTS (JSON, oidc-provider's client
// metadata). Its dev login form takes any login (the account id) and any
// password. Beside the provider, a few routes the tests drive:
//   PUT  /test/accounts/:id   the account's claims (email, email_verified, groups, name)
//   POST /test/rotate         new signing keys: the old ones are no longer published
//   POST /test/sign           {claims, alg}: a JWS signed with the current published key
import http from 'node:http';
import crypto from 'node:crypto';
import Provider from 'oidc-provider';

const port = Number(process.argv[2] || 0);
const clients = JSON.parse(process.env.MUSTER_TEST_CLIENTS || '[]');
const accounts = new Map();

function newKeys(generation) {
  const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return [
    { ...rsa.privateKey.export({ format: 'jwk' }), kid: `rsa-${generation}`, alg: 'RS256', use: 'sig' },
    { ...ec.privateKey.export({ format: 'jwk' }), kid: `ec-${generation}`, alg: 'ES256', use: 'sig' },
  ];
}

function makeProvider(issuer, keys) {
  const provider = new Provider(issuer, {
    clients,
    jwks: { keys },
    pkce: { required: () => true },
    // Muster reads the person's claims from the ID token, as most providers
    // send them; oidc-provider otherwise keeps them for the userinfo endpoint.
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: true },
      // Only for the `sid` claim in ID tokens, which Muster keeps for
      // front-channel logout (oidc-provider itself no longer sends those).
      backchannelLogout: { enabled: true },
    },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      groups: ['groups'],
    },
    scopes: ['openid', 'email', 'profile', 'groups'],
    // A first-party client: no consent screen.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId
        || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile groups');
      await grant.save();
      ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId, grant.jti);
      return grant;
    },
    async findAccount(ctx, id) {
      return {
        accountId: id,
        async claims() {
          return { sub: id, ...(accounts.get(id) || {}) };
        },
      };
    },
    ttl: { IdToken: 3600, AccessToken: 3600, AuthorizationCode: 60, Session: 3600, Interaction: 600, Grant: 3600 },
  });
  provider.proxy = false;
  return provider;
}

function b64url(buf) {
  return Buffer.from(buf).toString('base64url');
}

// A compact JWS over `claims`, signed with the published key for `alg`.
function sign(keys, claims, alg) {
  const jwk = keys.find((k) => k.alg === alg);
  const header = { alg, kid: jwk.kid, typ: 'JWT' };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const key = crypto.createPrivateKey({ key: jwk, format: 'jwk' });
  const signature = alg === 'ES256'
    ? crypto.sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' })
    : crypto.sign('sha256', Buffer.from(input), key);
  return `${input}.${b64url(signature)}`;
}

async function body(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
}

let generation = 1;
let keys = newKeys(generation);
let issuer;
let provider;

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, issuer);
  try {
    if (url.pathname.startsWith('/test/accounts/') && req.method === 'PUT') {
      accounts.set(decodeURIComponent(url.pathname.slice('/test/accounts/'.length)), await body(req));
      res.writeHead(204).end();
    } else if (url.pathname === '/test/rotate' && req.method === 'POST') {
      generation += 1;
      keys = newKeys(generation);
      provider = makeProvider(issuer, keys);
      res.writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ kids: keys.map((k) => k.kid) }));
    } else if (url.pathname === '/test/sign' && req.method === 'POST') {
      const { claims, alg } = await body(req);
      res.writeHead(200, { 'content-type': 'application/jwt' }).end(sign(keys, claims, alg || 'RS256'));
    } else if (url.pathname === '/test/backchannel' && req.method === 'POST') {
      res.writeHead(200).end();
    } else {
      provider.callback()(req, res);
    }
  } catch (e) {
    res.writeHead(500).end(String(e));
  }
});

server.listen(port, '127.0.0.1', () => {
  issuer = `http://127.0.0.1:${server.address().port}`;
  provider = makeProvider(issuer, keys);
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
