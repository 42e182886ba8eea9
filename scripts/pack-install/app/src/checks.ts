/** The common checks of @rivulet/testing on the app's own plugin (a plain script: assertPlugin throws). */
import 'reflect-metadata';
import { assertPlugin } from '@rivulet/testing';
import { check } from './corpus.js';
import { stopTokensModule } from './stopTokens.js';

const report = await assertPlugin(stopTokensModule.descriptor, { badOptions: [{ tokens: 'people' }] });
check(report.ok && report.results.length > 5, `${report.plugin}: ${report.passed} checks passed`);
