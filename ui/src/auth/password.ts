/** crmd's password rule (docs/api.md, Users), shown beside every new-password field. */
export const PASSWORD_RULE = 'At least 10 characters, and not a common password.';
