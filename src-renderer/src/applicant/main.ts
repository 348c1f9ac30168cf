import { createApp } from 'vue';
import ApplicantApp from './ApplicantApp.vue';
import './applicant.css';

createApp(ApplicantApp).mount('#app');
