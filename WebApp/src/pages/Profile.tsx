import { useEffect, useState, type FormEvent } from "react";
import { call, usersApi } from "../api/clients";
import { FieldErrors, hasErrors } from "../components/FieldErrors";
import { ProblemAlert } from "../components/ProblemAlert";
import { useLoad } from "../components/useLoad";
import { accountPage } from "./accountPages";

/**
 * The customer's profile (Users API) and their account (Identity's pages). The email address is the account's:
 * it changes only through Identity, with a link sent to the new address.
 */
export function Profile() {
  const profile = useLoad(() => call(usersApi.GET("/api/v1/users/me")), []);
  const [name, setName] = useState("");
  const [problem, setProblem] = useState<unknown>();
  const [saved, setSaved] = useState(false);

  useEffect(() => { if (profile.data) setName(profile.data.data.name); }, [profile.data]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!profile.data) return;
    setProblem(undefined);
    setSaved(false);
    try {
      const headers: Record<string, string> = {};
      if (profile.data.etag) headers["If-Match"] = profile.data.etag;
      await call(usersApi.PUT("/api/v1/users/me", { headers, body: { name, email: profile.data.data.email } }));
      setSaved(true);
      profile.reload();
    } catch (error) {
      setProblem(error);
    }
  };

  return (
    <section>
      <h1>Profile</h1>
      {profile.problem ? <ProblemAlert problem={profile.problem} onRetry={profile.reload} /> : null}
      {profile.data && (
        <form className="panel form" onSubmit={(e) => void save(e)} noValidate>
          <label htmlFor="name">Name</label>
          <input id="name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" aria-invalid={hasErrors(problem, "name")} aria-describedby="name-error" />
          <FieldErrors id="name-error" problem={problem} field="name" />
          <label htmlFor="email">Email</label>
          <input id="email" value={profile.data.data.email} readOnly aria-describedby="email-help" />
          <p id="email-help" className="muted small">To use another address, <a href={accountPage("change-email")}>change your account's email</a>.</p>
          {problem && !hasErrors(problem, "name") ? <ProblemAlert problem={problem} /> : null}
          {saved && <p role="status" className="success">Saved.</p>}
          <button type="submit" className="primary">Save</button>
        </form>
      )}
      <h2>Your account</h2>
      <ul className="account-links">
        <li><a href={accountPage("change-password")}>Change your password</a></li>
        <li><a href={accountPage("change-email")}>Change your email address</a></li>
        <li><a href={accountPage("resend-verification")}>Send the verification email again</a></li>
        <li><a href={accountPage("forgot-password")}>Reset a forgotten password</a></li>
        <li><a href={accountPage("sign-out-everywhere")}>Sign out on every device</a></li>
        <li><a href={accountPage("delete")} className="danger">Delete your account</a></li>
      </ul>
    </section>
  );
}
