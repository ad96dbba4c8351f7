
!function(){try{var e="undefined"!=typeof window?window:"undefined"!=typeof global?global:"undefined"!=typeof globalThis?globalThis:"undefined"!=typeof self?self:{},n=(new e.Error).stack;n&&(e._sentryDebugIds=e._sentryDebugIds||{},e._sentryDebugIds[n]="45eac7fa-f181-5cca-93b7-cfb58909dbb3")}catch(e){}}();
import{b as a}from"./chunk-RFFTRMGK.js";import"./chunk-PJ3NZ7HS.js";import"./chunk-ZYOLZTH5.js";import"./chunk-472WPQLO.js";import"./chunk-B7YGBANW.js";export{a as HttpRequestHandler};
//# sourceMappingURL=chunk-OGULX36T.js.map

//# debugId=45eac7fa-f181-5cca-93b7-cfb58909dbb3
