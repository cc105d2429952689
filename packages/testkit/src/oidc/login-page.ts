function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The issuer's sign-in form. Plain labelled fields so Playwright can fill them with
 * `getByLabel("Username")`, `getByLabel("Password")` and click `getByRole("button", { name: "Sign in" })`.
 */
export function loginPage(options: { uid: string; clientName: string; username?: string; failed: boolean }): string {
  const uid = encodeURIComponent(options.uid);
  const alert = options.failed ? `<p role="alert">Invalid username or password.</p>` : "";
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in - Airlock test issuer</title></head>
<body>
<main>
<h1>Sign in</h1>
<p>to continue to ${escapeHtml(options.clientName)}</p>
${alert}
<form method="post" action="/interaction/${uid}/login" autocomplete="off">
<p><label for="username">Username</label> <input id="username" name="username" required autofocus value="${escapeHtml(options.username ?? "")}"></p>
<p><label for="password">Password</label> <input id="password" name="password" type="password" required></p>
<p><button type="submit">Sign in</button></p>
</form>
<p><a href="/interaction/${uid}/abort">Cancel</a></p>
</main>
</body>
</html>`;
}
