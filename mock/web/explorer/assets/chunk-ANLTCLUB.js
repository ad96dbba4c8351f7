
!function(){try{var e="undefined"!=typeof window?window:"undefined"!=typeof global?global:"undefined"!=typeof globalThis?globalThis:"undefined"!=typeof self?self:{},n=(new e.Error).stack;n&&(e._sentryDebugIds=e._sentryDebugIds||{},e._sentryDebugIds[n]="ebbab3f1-fa08-5bee-a15d-9a707e1f5006")}catch(e){}}();
var o=(e,n,r)=>({next:t=>{let s=Date.now();e.next({ok:!0,data:JSON.stringify(t),headers:new Headers,status:200,statusText:"OK",url:n,requestStartTimestamp:r,requestEndTimestamp:s,responseTimeMs:s-r})},error:(...t)=>e.error(...t),complete:()=>e.complete()});export{o as a};
//# sourceMappingURL=chunk-ANLTCLUB.js.map

//# debugId=ebbab3f1-fa08-5bee-a15d-9a707e1f5006
