
!function(){try{var e="undefined"!=typeof window?window:"undefined"!=typeof global?global:"undefined"!=typeof globalThis?globalThis:"undefined"!=typeof self?self:{},n=(new e.Error).stack;n&&(e._sentryDebugIds=e._sentryDebugIds||{},e._sentryDebugIds[n]="b73333ce-46c1-5acc-9a93-d9428031dda1")}catch(e){}}();
import{a as e,g as r,k as s,m as i,n as o}from"./chunk-74A26AAT.js";import{j as t}from"./chunk-B7YGBANW.js";var h=i.extend({type:s("basic"),data:r({username:e().meta({description:"Username for basic authentication"}),password:e().meta({description:"Password for basic authentication"})})}),d=class extends o{execute(a){return t(this,null,function*(){return!a.data?.username||!a.data?.password?{headers:{}}:{headers:{Authorization:`Basic ${btoa(`${this.hydrate(a.data.username)}:${this.hydrate(a.data.password)}`)}`}}})}};export{h as a,d as b};
//# sourceMappingURL=chunk-TP45OAWA.js.map

//# debugId=b73333ce-46c1-5acc-9a93-d9428031dda1
