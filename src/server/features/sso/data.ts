import { defineData } from '#server/platform/data-classes.ts';

/** Single sign-on's providers, domains, linked identities, attempts on their way and access requests. */
export default defineData({
  tables: {
    sign_on_settings: { class: 'district', district: 'district_id = $1' },
    sign_on_providers: {
      class: 'district',
      columns: { client_secret_encrypted: 'secret' },
      district: 'district_id = $1',
    },
    sign_on_domains: {
      class: 'district',
      columns: { txt_token: 'secret', mail_token_hash: 'secret' },
      district: 'district_id = $1',
    },
    sign_on_identities: {
      class: 'person',
      people: { user_id: { erase: 'delete', export: true } },
      district: 'user_id in (select id from users where district_id = $1)',
    },
    sign_on_attempts: { class: 'secret' },
    sign_on_access_requests: {
      class: 'district',
      people: {
        decided_by: { erase: 'clear', export: false },
        user_id: { erase: 'clear', export: true },
      },
      district: 'district_id = $1',
    },
  },
});
