// The browser half of browser_test.py: Debian's chromium, headless, driven by puppeteer-core,
// opens the pages that browser_test.py serves and runs the project's drf-jwt JavaScript client
// (tests/clients/js_client.js, unchanged) in them. Each scenario runs in a fresh browser context
// (its own cookies and localStorage). Prints one JSON object: {"results": [{name, ok, detail}]}.
//
//   node scenarios.js '<json: {"sites": {...}, "api": "...", "users": {...}}>'
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const puppeteer = require('puppeteer-core');

const config = JSON.parse(process.argv[2]);
const {sites, api, victim, attacker} = config;
const results = [];

function check(name, ok, detail) {
  results.push({name, ok: Boolean(ok), detail});
}

// A page of a fresh browser context (its own cookies and storage), and the list of every answer
// it receives (method, URL, status), also those its scripts may not read.
async function freshPage(browser) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  const answers = [];
  page.on('response', (response) => {
    answers.push({url: response.url(), method: response.request().method(),
                  status: response.status()});
  });
  return {context, page, answers};
}

// Runs `body` in a fresh context's page opened at `url`; returns what `body` returns.
async function inPage(browser, url, body) {
  const {context, page, answers} = await freshPage(browser);
  try {
    const failed = [];
    page.on('requestfailed', (request) => {
      failed.push({url: request.url(), method: request.method(),
                   error: request.failure() && request.failure().errorText});
    });
    const opened = await page.goto(url);
    if (!opened || opened.status() !== 200) throw new Error(`cannot open ${url}`);
    return await body(page, {answers, failed, context});
  } finally {
    await context.close();
  }
}

// The attacker's page submits its form (as its own script would); the navigation's answer.
async function submitForm(page) {
  const [landed] = await Promise.all([
    page.waitForNavigation({waitUntil: 'load'}).catch(() => null),
    page.evaluate(() => document.getElementById('f').submit()),
  ]);
  return landed;
}

// The client's two calls, as a page of the project makes them: log in, then the protected route.
async function loginAndCallUserRoute(page, credentials, options) {
  return page.evaluate(async (credentials, options) => {
    const out = {};
    try {
      out.token = await authenticateUser(credentials);
    } catch (error) {
      out.loginError = String(error);
      return out;
    }
    out.stored = localStorage.getItem('jwt_token');
    const response = await makeAuthenticatedRequest('/api/user/', options);
    out.status = response.status;
    out.body = await response.json();
    return out;
  }, credentials, options);
}

// Cookie mode: the token lives in an HttpOnly cookie; unsafe calls carry Django's X-CSRFToken.
async function cookieCall(page, method, headers) {
  return page.evaluate(async (method, headers) => {
    const response = await fetch('/api/user/', {method, headers, credentials: 'include'});
    return {status: response.status, body: await response.json()};
  }, method, headers);
}

async function headerModeSameOrigin(browser) {
  await inPage(browser, `${sites.same}/header.html`, async (page) => {
    const out = await loginAndCallUserRoute(page, victim, {method: 'GET'});
    check('header mode, same origin: the client logs in and keeps the token in localStorage',
          out.token && out.stored === out.token, out);
    check('header mode, same origin: the protected call succeeds with Authorization: JWT',
          out.status === 200 && out.body.username === victim.username, out);
  });
}

async function headerModeCrossOrigin(browser) {
  await inPage(browser, `${sites.app}/header.html`, async (page, seen) => {
    const out = await loginAndCallUserRoute(page, victim, {method: 'POST'});
    check('header mode, cross origin (CORS): the client logs in', out.token, out);
    check('header mode, cross origin (CORS): the protected POST succeeds after its preflight',
          out.status === 200 && out.body.username === victim.username &&
          seen.answers.some((a) => a.method === 'OPTIONS' && a.url === `${api}/api/user/` &&
                                   a.status === 200),
          {out, answers: seen.answers});
  });
  await inPage(browser, `${sites.evil}/header.html`, async (page, seen) => {
    const out = await loginAndCallUserRoute(page, victim, {method: 'GET'});
    check('header mode, an origin CORS does not allow: the browser keeps the answer from the page',
          out.loginError && /Failed to fetch/.test(out.loginError) && !out.token,
          {out, failed: seen.failed});
  });
}

async function cookieModeSameOrigin(browser) {
  await inPage(browser, `${sites.same}/cookie.html`, async (page, seen) => {
    const token = await page.evaluate((credentials) => authenticateUser(credentials), victim);
    const cookies = await page.cookies(`${sites.same}/`);
    const jwt = cookies.find((c) => c.name === 'jwt');
    check('cookie mode, same origin: obtain sets the HttpOnly JWT cookie',
          token && jwt && jwt.httpOnly && jwt.value === token, cookies);
    const withToken = await cookieCall(page, 'POST',
                                       {'X-CSRFToken': await page.evaluate(() => getCsrfToken())});
    check('cookie mode, same origin: a POST with the cookie and X-CSRFToken succeeds',
          withToken.status === 200 && withToken.body.username === victim.username, withToken);
    const without = await cookieCall(page, 'POST', {});
    check('cookie mode, same origin: a POST with the cookie but no X-CSRFToken is refused',
          without.status === 403 && /^CSRF Failed/.test(without.body.detail), without);
    const get = await cookieCall(page, 'GET', {});
    check('cookie mode, same origin: a GET with the cookie alone succeeds', get.status === 200, get);
  });
}

async function cookieModeCrossOrigin(browser) {
  await inPage(browser, `${sites.app}/cookie.html`, async (page) => {
    const token = await page.evaluate((credentials) => authenticateUser(credentials), victim);
    const cookies = await page.cookies(`${api}/`);
    check('cookie mode, cross origin: obtain with credentials: include sets the cookie for the API',
          token && cookies.some((c) => c.name === 'jwt' && c.value === token), cookies);
    const call = await cookieCall(page, 'POST',
                                  {'X-CSRFToken': await page.evaluate(() => getCsrfToken())});
    check('cookie mode, cross origin: the protected POST with the cookie and X-CSRFToken succeeds',
          call.status === 200 && call.body.username === victim.username, call);
  });
}

// A logged-in victim visits a page of another origin that posts to the protected route.
async function forgedRequests(browser) {
  const {context, page, answers} = await freshPage(browser);
  try {
    await page.goto(`${sites.same}/cookie.html`);
    await page.evaluate((credentials) => authenticateUser(credentials), victim);
    answers.length = 0;
    // A form: a simple request, the cookie goes along (same site, SameSite=Lax does not stop it).
    await page.goto(`${sites.evil}/forge-form.html?target=${encodeURIComponent(api + '/api/user/')}`);
    const landed = await submitForm(page);
    const formAnswer = answers.find((a) => a.method === 'POST' && a.url === `${api}/api/user/`);
    check('forged: a form on a third origin posting to the protected route is refused (403)',
          formAnswer && formAnswer.status === 403 &&
          (!landed || landed.status() === 403), {answers});
    // fetch without custom headers: also a simple request; the server must refuse it.
    answers.length = 0;
    await page.goto(`${sites.evil}/header.html`);
    const opaque = await page.evaluate(async (url) => {
      try {
        await fetch(url, {method: 'POST', credentials: 'include', mode: 'no-cors'});
        return 'sent';
      } catch (error) {
        return String(error);
      }
    }, `${api}/api/user/`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const fetchAnswer = answers.find((a) => a.method === 'POST' && a.url === `${api}/api/user/`);
    check('forged: a no-cors fetch from a third origin with the cookie is refused (403)',
          opaque === 'sent' && fetchAnswer && fetchAnswer.status === 403, {opaque, answers});
    // With X-CSRFToken the browser asks first; CORS says no, so the POST is never sent.
    answers.length = 0;
    const preflighted = await page.evaluate(async (url) => {
      try {
        await fetch(url, {method: 'POST', credentials: 'include',
                          headers: {'X-CSRFToken': 'a'.repeat(32)}});
        return 'read';
      } catch (error) {
        return String(error);
      }
    }, `${api}/api/user/`);
    check('forged: a fetch with a custom header from a third origin is stopped at its preflight',
          /Failed to fetch/.test(preflighted) &&
          !answers.some((a) => a.method === 'POST' && a.url === `${api}/api/user/`),
          {preflighted, answers});
    // The victim is still logged in as themself.
    await page.goto(`${sites.same}/cookie.html`);
    const still = await cookieCall(page, 'GET', {});
    check('forged: the victim\'s session is untouched', still.body.username === victim.username,
          still);
  } finally {
    await context.close();
  }
}

// Login CSRF: a page of another site posts the attacker's credentials to obtain.
async function loginCsrf(browser) {
  for (const [name, site] of [['same site, another origin', sites.evil],
                              ['another site', sites.elsewhere]]) {
    const {context, page, answers} = await freshPage(browser);
    try {
      await page.goto(`${site}/forge-form.html?target=${encodeURIComponent(api + '/api-token-auth/')}` +
                      `&username=${attacker.username}&password=${attacker.password}`);
      await submitForm(page);
      const obtain = answers.find((a) => a.method === 'POST' && a.url === `${api}/api-token-auth/`);
      const cookies = await page.cookies(`${api}/`);
      check(`login CSRF (${name}): a form posting the attacker's credentials to obtain is refused ` +
            'and sets no cookie',
            obtain && obtain.status === 403 && !cookies.some((c) => c.name === 'jwt'),
            {answers, cookies});
    } finally {
      await context.close();
    }
  }
}

(async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'restjwt-chromium-'));
  // This machine has no route out: without these flags chromium waits on Google's services.
  const browser = await puppeteer.launch({
    executablePath: config.chromium,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync',
           `--user-data-dir=${profile}`, `--host-resolver-rules=${config.hostRules}`],
  });
  try {
    results.push({name: 'browser', ok: true, detail: await browser.version()});
    for (const scenario of [headerModeSameOrigin, headerModeCrossOrigin, cookieModeSameOrigin,
                            cookieModeCrossOrigin, forgedRequests, loginCsrf]) {
      try {
        await scenario(browser);
      } catch (error) {
        check(`${scenario.name} ran to its end`, false, String(error && error.stack));
      }
    }
  } finally {
    await browser.close();
    fs.rmSync(profile, {recursive: true, force: true});
  }
  process.stdout.write(JSON.stringify({results}) + '\n');
})().catch((error) => {
  process.stdout.write(JSON.stringify({results, fatal: String(error && error.stack)}) + '\n');
  process.exit(1);
});
