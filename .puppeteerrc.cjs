// @theia/cli depends on puppeteer, whose postinstall downloads a browser from the internet.
// This project never uses that browser (tests drive Debian's chromium through playwright-core).
module.exports = { skipDownload: true };
