
!function(){try{var e="undefined"!=typeof window?window:"undefined"!=typeof global?global:"undefined"!=typeof globalThis?globalThis:"undefined"!=typeof self?self:{},n=(new e.Error).stack;n&&(e._sentryDebugIds=e._sentryDebugIds||{},e._sentryDebugIds[n]="45eac7fa-f181-5cca-93b7-cfb58909dbb3")}catch(e){}}();
import{a,b}from"./chunk-KL6P4JEZ.js";import"./chunk-74A26AAT.js";import"./chunk-B7YGBANW.js";export{a as apiKeyAuthorizationProviderInputSchema,b as default};
//# sourceMappingURL=chunk-FG6ERPTD.js.map

//# debugId=45eac7fa-f181-5cca-93b7-cfb58909dbb3
