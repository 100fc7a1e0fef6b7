!function(w){var c=w.clientele=w.clientele||[];if(c.snippet||!Array.isArray(c))return;c.snippet=1;
function q(n,p){c[n]=function(){var a=[].slice.call(arguments),t=Date.now();return p?new Promise(function(s,f){c.push([n,a,s,f,t])}):void c.push([n,a,0,0,t])}}
"init track page identify consent mount".split(" ").forEach(function(n){q(n,0)});
"recommend exportData segments forget ready status setClock".split(" ").forEach(function(n){q(n,1)});
var k="clientele:queue:"+Math.random(),o=w.addEventListener;o&&(o("pagehide",function(){try{var j=[];c.forEach(function(x){try{j.push(JSON.stringify(x))}catch(e){}});j="["+j+"]";w.clientele!=c||!c.length||localStorage.getItem("clientele:consent")=="0"||/requireConsent\W+true|"consent",\[false/.test(j)||document.querySelector("[data-require-consent]:not([data-require-consent=false]),[data-config*=requireConsent]")||localStorage.setItem(k,j)}catch(e){}}),o("pageshow",function(){try{localStorage.removeItem(k)}catch(e){}}))}(window);
