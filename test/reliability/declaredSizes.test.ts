/**
 * Absurd declared sizes (issue 10, item 4) against every reader of a file with a header: the Matrix
 * Market reader; later readers (a model store, a NATS source of matrices) add their cases and run here.
 */
import { readMatrixMarket } from '@rivulet/cli';
import test from 'ava';
import { checkDeclaredSizes, MATRIX_MARKET_SIZE_CASES } from './declaredSizes.js';

checkDeclaredSizes(test, 'readMatrixMarket', MATRIX_MARKET_SIZE_CASES, readMatrixMarket);
