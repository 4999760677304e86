// End-to-end: the real crmd, PostgreSQL and the Twilio simulator, driven in headless Chromium.
// Run through tools/e2e (which starts everything) or `npm run e2e` with CRM_URL, SIM_URL,
// CRM_ADMIN_EMAIL and CRM_ADMIN_PASSWORD set. Tests run in order and share one signed-in page
// (session.mjs): each part in flows/ registers its tests when imported, so the order of the
// imports below is the order of the tests.
import './session.mjs';
import './flows/1-sign-in-and-contacts.mjs';
import './flows/2-texting.mjs';
import './flows/3-consent-contacts-and-sign-out.mjs';
import './flows/4-team.mjs';
