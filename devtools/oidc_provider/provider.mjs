// A real OpenID Connect provider on a loopback port, for the single sign-on tests and
// `make sso-demo` (never for production). Built on the certified oidc-provider package with
// its development sign-in pages: any login name and password signs in as that person.
//
// The login name is an email address; the provider vouches for it (email_verified: true)
// unless its local part starts with "unverified" (unverified.lena@example.org), which tests
// the refusal of an unverified email. The name shown is the local part, or OIDC_NAMES
// (JSON: {"lead@example.org": "Dana Whitfield"}).
//
// Environment: OIDC_PORT (9080), OIDC_CLIENT_ID (waypoint), OIDC_CLIENT_SECRET,
// OIDC_REDIRECT_URIS (comma-separated callback addresses of Waypoint).
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT || 9080);
const issuer = `http://127.0.0.1:${port}`;
const names = JSON.parse(process.env.OIDC_NAMES || "{}");

const configuration = {
  clients: [
    {
      client_id: process.env.OIDC_CLIENT_ID || "waypoint",
      client_secret: process.env.OIDC_CLIENT_SECRET || "waypoint-local-secret",
      redirect_uris: (process.env.OIDC_REDIRECT_URIS || "").split(",").filter(Boolean),
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
    },
  ],
  // Every client must prove the code is its own (PKCE, S256).
  pkce: { required: () => true },
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  async findAccount(ctx, id) {
    const email = String(id).trim().toLowerCase();
    const local = email.split("@")[0];
    return {
      accountId: id,
      async claims() {
        return {
          sub: email,
          email,
          email_verified: !local.startsWith("unverified"),
          name: names[email] || local,
        };
      },
    };
  },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: [process.env.OIDC_COOKIE_KEY || "waypoint-local-provider-only"] },
  ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
};

const provider = new Provider(issuer, configuration);
provider.on("server_error", (ctx, error) => console.error("server_error", error));
provider.listen(port, "127.0.0.1", () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
