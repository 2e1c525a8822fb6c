// vitest setup: load the lazily loaded price table before each test file, so tests see the steady
// state (spans end as soon as their work does). The loading path itself is tested in a fresh child
// process by packages/core/test/cost/price-table-loading.test.ts.
import { loadPriceTable } from '@tokentrail/core';

await loadPriceTable();
