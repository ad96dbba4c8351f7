
!function(){try{var e="undefined"!=typeof window?window:"undefined"!=typeof global?global:"undefined"!=typeof globalThis?globalThis:"undefined"!=typeof self?self:{},n=(new e.Error).stack;n&&(e._sentryDebugIds=e._sentryDebugIds||{},e._sentryDebugIds[n]="28da008d-f939-5b85-9202-05e44d463718")}catch(e){}}();
import{a as r,g as a,k as o,m as i,n}from"./chunk-74A26AAT.js";import{j as t}from"./chunk-B7YGBANW.js";var c=i.extend({type:o("bearer"),data:a({token:r().meta({description:"Bearer token for authorization"})})}),d=class extends n{execute(e){return t(this,null,function*(){return e.data?.token?{headers:{Authorization:`Bearer ${this.hydrate(e.data.token)}`}}:{headers:{}}})}};export{c as a,d as b};
//# sourceMappingURL=chunk-MLNN63DH.js.map

//# debugId=28da008d-f939-5b85-9202-05e44d463718
