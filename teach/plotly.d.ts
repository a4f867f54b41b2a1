// The slice of plotly.js-dist the page uses (the package ships no types).
declare module 'plotly.js-dist' {
  const Plotly: {
    react(el: HTMLElement, data: object[], layout?: object, config?: object): Promise<HTMLElement>;
    newPlot(el: HTMLElement, data: object[], layout?: object, config?: object): Promise<HTMLElement>;
  };
  export default Plotly;
}
