
!function(){try{var e="undefined"!=typeof window?window:"undefined"!=typeof global?global:"undefined"!=typeof globalThis?globalThis:"undefined"!=typeof self?self:{},n=(new e.Error).stack;n&&(e._sentryDebugIds=e._sentryDebugIds||{},e._sentryDebugIds[n]="389dca13-4310-5414-afa0-1f481295b40a")}catch(e){}}();
import{a,g as r,k as d,m as h,n as i}from"./chunk-74A26AAT.js";import{j as t}from"./chunk-B7YGBANW.js";var u=h.extend({type:d("api-key"),data:r({headerName:a().meta({description:"Name of the header to set the API key in"}),headerValue:a().meta({description:"Value of the API key to set in the header"})})}),o=class extends i{execute(e){return t(this,null,function*(){return!e.data?.headerName||!e.data?.headerValue?{headers:{}}:{headers:{[e.data.headerName]:this.hydrate(e.data.headerValue)}}})}};export{u as a,o as b};
//# sourceMappingURL=chunk-KL6P4JEZ.js.map

//# debugId=389dca13-4310-5414-afa0-1f481295b40a
