// The claims ledger's article-later group (tests/web/claim-groups.mjs), each claim checked over its seeds.
import { testClaims } from './claim-groups.mjs';

testClaims('article-later');
