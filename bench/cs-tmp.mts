import { runColdStartBench } from './cold-start-bench.ts';
console.log(await runColdStartBench({ samples: 9 }));
