
!function(){try{var e="undefined"!=typeof window?window:"undefined"!=typeof global?global:"undefined"!=typeof globalThis?globalThis:"undefined"!=typeof self?self:{},n=(new e.Error).stack;n&&(e._sentryDebugIds=e._sentryDebugIds||{},e._sentryDebugIds[n]="45eac7fa-f181-5cca-93b7-cfb58909dbb3")}catch(e){}}();
import{a,b}from"./chunk-TP45OAWA.js";import"./chunk-74A26AAT.js";import"./chunk-B7YGBANW.js";export{a as basicAuthorizationProviderInputSchema,b as default};
//# sourceMappingURL=chunk-FPFH3SGP.js.map

//# debugId=45eac7fa-f181-5cca-93b7-cfb58909dbb3
