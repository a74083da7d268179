// Makes sure the end-to-end tests have their browsers: a Chromium for every test, and Firefox ESR
// for the delivery and fault tests. Playwright cannot download its own browsers on every machine,
// so on Debian as root this installs the distribution's `chromium` and `firefox-esr` packages.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { chromium } from '@playwright/test';

function bundledChromium() {
  try {
    return existsSync(chromium.executablePath());
  } catch {
    return false;
  }
}

/** Debian packages to install, each with the variable that points at another binary instead. */
const missing = [];
const chromiumFile = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!(bundledChromium() && !process.env.CHROMIUM_PATH) && !existsSync(chromiumFile)) missing.push(['chromium', 'CHROMIUM_PATH', chromiumFile]);
const firefoxFile = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
if (!existsSync(firefoxFile)) missing.push(['firefox-esr', 'FIREFOX_PATH', firefoxFile]);
if (!missing.length) process.exit(0);

for (const [, variable, file] of missing) {
  if (process.env[variable]) {
    console.error(`${variable} is set to ${file}, but no file is there. Point it at the browser's binary.`);
    process.exit(1);
  }
}
const packages = missing.map(([name]) => name);
if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
  console.log(`Browsers missing: installing Debian's ${packages.join(' and ')} with apt-get.`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
  process.exit(0);
}
console.error(
  `Browsers missing: ${packages.join(', ')}. Install them (Debian: sudo apt-get install ${packages.join(' ')}) ` +
    'or set CHROMIUM_PATH and FIREFOX_PATH to their binaries.',
);
process.exit(1);
