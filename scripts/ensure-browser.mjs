// Makes sure the end-to-end tests have a Chromium to drive. Playwright cannot download its own
// browsers on every machine, so on Debian as root this installs the distribution's `chromium`.
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

const chromiumFile = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (bundledChromium() && !process.env.CHROMIUM_PATH) process.exit(0);
if (existsSync(chromiumFile)) process.exit(0);

if (process.env.CHROMIUM_PATH) {
  console.error(`CHROMIUM_PATH is set to ${chromiumFile}, but no file is there. Point it at a Chromium binary.`);
  process.exit(1);
}
if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
  console.log('No Chromium found: installing Debian\'s chromium package with apt-get.');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  process.exit(0);
}
console.error('No Chromium found. Install one (Debian: sudo apt-get install chromium) or set CHROMIUM_PATH to its binary.');
process.exit(1);
