/** The consent wording shown beside the SMS opt-in checkbox; its version goes with the contact. */
export const CONSENT_WORDING_VERSION = 'tcpa-v1';
export const CONSENT_WORDING =
  'By checking this box, I agree to receive text messages about real estate listings and updates from my agent at the number provided. Message frequency varies. Msg & data rates may apply. Reply STOP to opt out, HELP for help. Consent is not a condition of purchase.';
