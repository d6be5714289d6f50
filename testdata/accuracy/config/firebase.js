// Firebase web config. These values are public by design; access is enforced by security rules.
import { initializeApp } from "firebase/app";

const firebaseConfig = {
  apiKey: "AIzaP5U4VD3UuCwmEPz6KL1vDGiaKZ3N-fU2BKV",
  authDomain: "acme-loyalty.firebaseapp.com",
  projectId: "acme-loyalty",
  storageBucket: "acme-loyalty.appspot.com",
  messagingSenderId: "079709113653",
  appId: "1:079709113653:web:67ff445b1e856c383e3f66",
};

// Server key for the Maps Platform geocoder, restricted to our egress IPs.
export const GEOCODER_KEY = "AIza-g0SEfdjhcWelPoJJf9XZEH6r_W74jUm_dN";

export const app = initializeApp(firebaseConfig);
