// The claims ledger's embed group (tests/web/claim-groups.mjs), each claim checked over its seeds.
import { testClaims } from './claim-groups.mjs';

testClaims('embed');
