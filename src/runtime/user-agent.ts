/** Sent with every request, so the vendor's and GitHub's logs name the caller. */
export const USER_AGENT = 'dcdn-refresh-wait/0.1';
