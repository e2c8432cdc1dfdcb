import { describe, expect, it } from 'vitest';
import { signsInWithProvider, welcomeMessage } from './welcome-service.ts';

const base = {
  publicUrl: 'https://trellis.example',
  districtName: 'Larkfield Schools',
  name: 'Ida Imported',
};

describe('the welcome email', () => {
  it('asks people of a district with single sign-on to sign in with their district account, with no password link', () => {
    const message = welcomeMessage({
      ...base,
      signIn: { singleSignOn: true, providerName: 'Google Workspace' },
      token: null,
    });
    expect(message.subject).toBe('Welcome to Larkfield Schools on Trellis');
    expect(message.text).toContain('Hello Ida Imported,');
    expect(message.text).toContain('Sign in with your district account (Google Workspace)');
    expect(message.text).toContain('https://trellis.example/sign-in');
    expect(message.text).not.toContain('reset-password');
  });

  it('gives people of a district without it a link to set their password', () => {
    const message = welcomeMessage({ ...base, signIn: { singleSignOn: false }, token: 'tok/en+1' });
    expect(message.text).toContain('https://trellis.example/reset-password?token=tok%2Fen%2B1');
    expect(message.text).toContain('within the next 14 days');
    expect(message.text).not.toContain('district account');
  });

  it('leaves out the password link only for people who sign in with the district provider', () => {
    const google = { singleSignOn: true, providerName: 'Google', verifiedDomains: ['larkfield.k12.us'] };
    expect(signsInWithProvider({ ...google, passwordsAllowed: true }, 'ida@Larkfield.k12.us')).toBe(true);
    // An address outside the verified domains cannot use the provider: it needs a password.
    expect(signsInWithProvider({ ...google, passwordsAllowed: true }, 'ida@gmail.com')).toBe(false);
    // Unless the district turned passwords off: then everyone signs in with the provider.
    expect(signsInWithProvider({ ...google, passwordsAllowed: false }, 'ida@gmail.com')).toBe(true);
    expect(signsInWithProvider({ singleSignOn: false }, 'ida@larkfield.k12.us')).toBe(false);
    const withLink = welcomeMessage({ ...base, signIn: google, token: 'abc' });
    expect(withLink.text).toContain('reset-password?token=abc');
  });
});
