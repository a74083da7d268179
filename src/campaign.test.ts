import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCampaign } from './campaign';

test('campaign from bulk and chain links', () => {
  assert.deepEqual(parseCampaign('?recommended_by=bulk&bulk_code=b-1'), { from: 'bulk', code: 'b-1' });
  assert.deepEqual(parseCampaign('?recommended_by=chain&personaclick_mail_code=c-2'), { from: 'chain', code: 'c-2' });
});

test('in-shop recommenders are not campaigns', () => {
  assert.equal(parseCampaign('?recommended_by=dynamic&bulk_code=x'), undefined);
  assert.equal(parseCampaign('?recommended_by=full_search&recommended_code=tent'), undefined);
});

test('campaign needs both parts', () => {
  assert.equal(parseCampaign('?recommended_by=bulk'), undefined);
  assert.equal(parseCampaign('?bulk_code=b-1'), undefined);
  assert.equal(parseCampaign(''), undefined);
});
