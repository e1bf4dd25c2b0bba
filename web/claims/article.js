// Claims about the article (index.html: the first screen, sections 1-9, and
// the article's text around the lab), in page order. Each section's claims
// live in their own file; what they measure is in article-measure.js. See
// web/claims/ledger.js for the shape of a claim.

import { OPENING_CLAIMS } from './article-opening.js';
import { TRANSFORM_CLAIMS } from './article-transform.js';
import { WHY_CLAIMS } from './article-why.js';
import { REALLY_CLAIMS } from './article-really.js';
import { TEST_TIME_CLAIMS } from './article-test-time.js';
import { SIBLINGS_CLAIMS } from './article-siblings.js';

export const ARTICLE_CLAIMS = [...OPENING_CLAIMS, ...TRANSFORM_CLAIMS, ...WHY_CLAIMS, ...REALLY_CLAIMS, ...TEST_TIME_CLAIMS,
  ...SIBLINGS_CLAIMS];
