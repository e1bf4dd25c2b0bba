// The claims ledger's lab group (tests/web/claim-groups.mjs), each claim checked over its seeds.
import { testClaims } from './claim-groups.mjs';

testClaims('lab');
