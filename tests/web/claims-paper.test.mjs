// The claims ledger's paper group (tests/web/claim-groups.mjs), each claim checked over its seeds.
import { testClaims } from './claim-groups.mjs';

testClaims('paper');
